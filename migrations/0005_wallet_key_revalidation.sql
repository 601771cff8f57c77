ALTER TABLE `api_keys` ADD `revoked_reason` text;--> statement-breakpoint
ALTER TABLE `api_keys` ADD `sign_in_message` text;--> statement-breakpoint
ALTER TABLE `api_keys` ADD `sign_in_signature` text;--> statement-breakpoint
ALTER TABLE `api_keys` ADD `wallet_validated_at_ms` integer;--> statement-breakpoint
CREATE INDEX `api_keys_wallet_validated` ON `api_keys` (`wallet_validated_at_ms`) WHERE "api_keys"."sign_in_signature" IS NOT NULL;