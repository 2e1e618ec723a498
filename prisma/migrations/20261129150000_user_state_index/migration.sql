-- CreateIndex
CREATE INDEX "SleepSession_userId_state_startTime_idx" ON "SleepSession"("userId", "state", "startTime");

