-- CreateTable
CREATE TABLE "ViewerLink" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "label" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),
    "lastUsedAt" TIMESTAMP(3),

    CONSTRAINT "ViewerLink_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ViewerLink_userId_createdAt_idx" ON "ViewerLink"("userId", "createdAt");

