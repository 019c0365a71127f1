-- A refusal's message is kept as its French source with its parameters, translated when shown.
ALTER TABLE "lakou_media_assets" ADD COLUMN "error_params" JSON NOT NULL DEFAULT '{}';
