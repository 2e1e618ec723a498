-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "firstSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "SleepSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'LIVE',
    "startTime" DATETIME NOT NULL,
    "startTimeEstimated" BOOLEAN NOT NULL DEFAULT true,
    "endTime" DATETIME,
    "timezone" TEXT,
    "sleepStages" BLOB NOT NULL,
    "snoringStages" BLOB NOT NULL,
    "epochOwner" BLOB NOT NULL,
    "lastInferenceSeq" INTEGER,
    "chunkCount" INTEGER NOT NULL DEFAULT 0,
    "timeInBed" INTEGER,
    "totalSleepTime" INTEGER,
    "sleepEfficiency" REAL,
    "sleepOnsetLatency" INTEGER,
    "wasoCount" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "SleepSession_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "InferenceChunk" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "sessionId" TEXT NOT NULL,
    "inferenceSeqNum" INTEGER NOT NULL,
    "seqNum" INTEGER NOT NULL,
    "startEpoch" INTEGER NOT NULL,
    "endEpoch" INTEGER NOT NULL,
    "sleepStages" BLOB NOT NULL,
    "snoringStages" BLOB,
    "breathStages" TEXT,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "InferenceChunk_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "SleepSession" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SleepReport" (
    "sessionId" TEXT NOT NULL PRIMARY KEY,
    "sleepTime" TEXT,
    "wakeTime" TEXT,
    "sleepLatency" INTEGER,
    "wakeupLatency" INTEGER,
    "timeInBed" INTEGER,
    "timeInSleepPeriod" INTEGER,
    "timeInSleep" INTEGER,
    "timeInWake" INTEGER,
    "timeInLight" INTEGER,
    "timeInDeep" INTEGER,
    "timeInRem" INTEGER,
    "timeInSnoring" INTEGER,
    "timeInNoSnoring" INTEGER,
    "longestWaso" INTEGER,
    "sleepEfficiency" REAL,
    "sleepEfficiencyUnit" TEXT,
    "wasoCount" INTEGER,
    "sleepCycleCount" INTEGER,
    "snoringCount" INTEGER,
    "sleepIndex" INTEGER,
    "missingDataRatio" REAL,
    "statJson" TEXT NOT NULL,
    "peculiarities" TEXT NOT NULL,
    "sleepCycles" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SleepReport_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "SleepSession" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "event" TEXT NOT NULL,
    "userId" TEXT,
    "sessionId" TEXT,
    "dedupeKey" TEXT,
    "outcome" TEXT NOT NULL,
    "httpStatus" INTEGER NOT NULL,
    "body" TEXT,
    "error" TEXT
);

-- CreateIndex
CREATE INDEX "SleepSession_userId_startTime_idx" ON "SleepSession"("userId", "startTime");

-- CreateIndex
CREATE INDEX "SleepSession_state_updatedAt_idx" ON "SleepSession"("state", "updatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "InferenceChunk_sessionId_inferenceSeqNum_key" ON "InferenceChunk"("sessionId", "inferenceSeqNum");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_dedupeKey_key" ON "WebhookDelivery"("dedupeKey");

-- CreateIndex
CREATE INDEX "WebhookDelivery_receivedAt_idx" ON "WebhookDelivery"("receivedAt");

