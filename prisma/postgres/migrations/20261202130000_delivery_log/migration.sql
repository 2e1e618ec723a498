-- AlterTable
ALTER TABLE "WebhookDelivery" ADD COLUMN     "source" TEXT NOT NULL DEFAULT 'webhook',
ADD COLUMN     "replayOf" INTEGER,
ADD COLUMN     "durationMs" DOUBLE PRECISION,
ADD COLUMN     "headers" TEXT;

-- CreateIndex
CREATE INDEX "WebhookDelivery_outcome_id_idx" ON "WebhookDelivery"("outcome", "id");

-- CreateIndex
CREATE INDEX "WebhookDelivery_event_id_idx" ON "WebhookDelivery"("event", "id");

-- CreateIndex
CREATE INDEX "WebhookDelivery_userId_id_idx" ON "WebhookDelivery"("userId", "id");

-- CreateIndex
CREATE INDEX "WebhookDelivery_sessionId_id_idx" ON "WebhookDelivery"("sessionId", "id");

-- CreateIndex
CREATE INDEX "WebhookDelivery_replayOf_idx" ON "WebhookDelivery"("replayOf");
