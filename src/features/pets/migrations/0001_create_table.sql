-- The pets table, as `petsage feature new` built it. Migrations are forward only: change it in a new file.
CREATE TABLE "pets" (
  "id" uuid PRIMARY KEY,
  "created_at" timestamptz(3) NOT NULL,
  "updated_at" timestamptz(3) NOT NULL,
  "revision" integer NOT NULL DEFAULT 1,
  "name" varchar(80) NOT NULL,
  "species" text NOT NULL CHECK ("species" IN ('dog', 'cat', 'rabbit', 'bird', 'reptile', 'other')),
  "birth_date" date,
  "notes" text
);

-- Pages are read in (created_at, id) order.
CREATE INDEX "pets_page_idx" ON "pets" ("created_at", "id");
