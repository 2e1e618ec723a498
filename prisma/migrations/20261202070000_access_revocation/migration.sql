-- CreateTable
CREATE TABLE "AccessRevocation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "revokedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME
);

-- CreateIndex
CREATE INDEX "AccessRevocation_expiresAt_idx" ON "AccessRevocation"("expiresAt");

