-- AlterTable (columns appended: no table rewrite, so a large log upgrades in place)
ALTER TABLE "WebhookDelivery" ADD COLUMN "source" TEXT NOT NULL DEFAULT 'webhook';
ALTER TABLE "WebhookDelivery" ADD COLUMN "replayOf" INTEGER;
ALTER TABLE "WebhookDelivery" ADD COLUMN "durationMs" REAL;
ALTER TABLE "WebhookDelivery" ADD COLUMN "headers" TEXT;

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
