-- The vet_visits table, as `petsage feature new` built it. Migrations are forward only: change it in a new file.
CREATE TABLE "vet_visits" (
  "id" uuid PRIMARY KEY,
  "owner" text,
  "created_at" timestamptz(3) NOT NULL,
  "updated_at" timestamptz(3) NOT NULL,
  "revision" integer NOT NULL DEFAULT 1,
  "pet_id" uuid NOT NULL REFERENCES "pets" ("id") ON DELETE RESTRICT,
  "visited_at" timestamptz NOT NULL,
  "reason" varchar(200) NOT NULL,
  "vet" varchar(120) NOT NULL,
  "notes" text
);

-- Pages are read in (created_at, id) order.
CREATE INDEX "vet_visits_page_idx" ON "vet_visits" ("created_at", "id");
-- A caller's own records are read in the same order (see docs/security.md).
CREATE INDEX "vet_visits_owner_page_idx" ON "vet_visits" ("owner", "created_at", "id");
-- Lists filter by pet_id, and a delete of the record it names looks for it.
CREATE INDEX "vet_visits_pet_id_idx" ON "vet_visits" ("pet_id");
