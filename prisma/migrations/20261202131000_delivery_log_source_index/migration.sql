-- CreateIndex
CREATE INDEX "WebhookDelivery_source_id_idx" ON "WebhookDelivery"("source", "id");
