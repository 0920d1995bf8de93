-- CreateTable
CREATE TABLE "price_overrides" (
    "tenant_id" UUID NOT NULL,
    "id" UUID NOT NULL,
    "model" TEXT NOT NULL,
    "input_usd_per_mtok" DECIMAL(38,18) NOT NULL,
    "output_usd_per_mtok" DECIMAL(38,18) NOT NULL,
    "cache_read_usd_per_mtok" DECIMAL(38,18),
    "cache_write_usd_per_mtok" DECIMAL(38,18),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "price_overrides_pkey" PRIMARY KEY ("tenant_id","id")
);

-- CreateIndex
CREATE UNIQUE INDEX "price_overrides_tenant_id_model_key" ON "price_overrides"("tenant_id", "model");

