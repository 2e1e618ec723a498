-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SleepSession" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'LIVE',
    "startTime" TIMESTAMP(3) NOT NULL,
    "startTimeEstimated" BOOLEAN NOT NULL DEFAULT true,
    "endTime" TIMESTAMP(3),
    "timezone" TEXT,
    "sleepStages" BYTEA NOT NULL,
    "snoringStages" BYTEA NOT NULL,
    "epochOwner" BYTEA NOT NULL,
    "lastInferenceSeq" INTEGER,
    "chunkCount" INTEGER NOT NULL DEFAULT 0,
    "timeInBed" INTEGER,
    "totalSleepTime" INTEGER,
    "sleepEfficiency" DOUBLE PRECISION,
    "sleepOnsetLatency" INTEGER,
    "wasoCount" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SleepSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InferenceChunk" (
    "id" SERIAL NOT NULL,
    "sessionId" TEXT NOT NULL,
    "inferenceSeqNum" INTEGER NOT NULL,
    "seqNum" INTEGER NOT NULL,
    "startEpoch" INTEGER NOT NULL,
    "endEpoch" INTEGER NOT NULL,
    "sleepStages" BYTEA NOT NULL,
    "snoringStages" BYTEA,
    "breathStages" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InferenceChunk_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SleepReport" (
    "sessionId" TEXT NOT NULL,
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
    "sleepEfficiency" DOUBLE PRECISION,
    "sleepEfficiencyUnit" TEXT,
    "wasoCount" INTEGER,
    "sleepCycleCount" INTEGER,
    "snoringCount" INTEGER,
    "sleepIndex" INTEGER,
    "missingDataRatio" DOUBLE PRECISION,
    "statJson" TEXT NOT NULL,
    "peculiarities" TEXT NOT NULL,
    "sleepCycles" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SleepReport_pkey" PRIMARY KEY ("sessionId")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" SERIAL NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "event" TEXT NOT NULL,
    "userId" TEXT,
    "sessionId" TEXT,
    "dedupeKey" TEXT,
    "outcome" TEXT NOT NULL,
    "httpStatus" INTEGER NOT NULL,
    "body" TEXT,
    "error" TEXT,

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "User_lastSeenAt_idx" ON "User"("lastSeenAt");

-- CreateIndex
CREATE INDEX "SleepSession_userId_startTime_idx" ON "SleepSession"("userId", "startTime");

-- CreateIndex
CREATE INDEX "SleepSession_userId_state_startTime_idx" ON "SleepSession"("userId", "state", "startTime");

-- CreateIndex
CREATE INDEX "SleepSession_state_updatedAt_idx" ON "SleepSession"("state", "updatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "InferenceChunk_sessionId_inferenceSeqNum_key" ON "InferenceChunk"("sessionId", "inferenceSeqNum");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_dedupeKey_key" ON "WebhookDelivery"("dedupeKey");

-- CreateIndex
CREATE INDEX "WebhookDelivery_receivedAt_idx" ON "WebhookDelivery"("receivedAt");

-- AddForeignKey
ALTER TABLE "SleepSession" ADD CONSTRAINT "SleepSession_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InferenceChunk" ADD CONSTRAINT "InferenceChunk_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "SleepSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SleepReport" ADD CONSTRAINT "SleepReport_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "SleepSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

