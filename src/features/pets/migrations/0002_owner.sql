-- Pets belong to the caller who created them (docs/security.md). Pets stored before this migration have
-- no owner (NULL): no subject matches them, so only a caller with pets:admin reaches them, and can give
-- each its owner with `UPDATE "pets" SET "owner" = '<subject>' WHERE ...` when it is known.
ALTER TABLE "pets" ADD COLUMN "owner" text;

-- A caller's own pets are read in page order, as every list is.
CREATE INDEX "pets_owner_page_idx" ON "pets" ("owner", "created_at", "id");
