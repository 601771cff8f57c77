CREATE TABLE `alert_events` (
	`id` text PRIMARY KEY NOT NULL,
	`endpoint_id` text NOT NULL,
	`key_id` text NOT NULL,
	`subscription_id` text,
	`rule_id` text,
	`sequence` integer,
	`type` text NOT NULL,
	`payload` text NOT NULL,
	`created_at_ms` integer NOT NULL,
	`handed_off_at_ms` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alert_events_rule_sequence` ON `alert_events` (`rule_id`,`sequence`);--> statement-breakpoint
CREATE INDEX `alert_events_endpoint` ON `alert_events` (`endpoint_id`,`created_at_ms`);--> statement-breakpoint
CREATE INDEX `alert_events_handoff` ON `alert_events` (`handed_off_at_ms`);--> statement-breakpoint
CREATE TABLE `alert_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`subscription_id` text NOT NULL,
	`kind` text NOT NULL,
	`threshold` text NOT NULL,
	`hysteresis` text NOT NULL,
	`cooldown_seconds` integer NOT NULL,
	`horizon_seconds` integer,
	`state` text NOT NULL,
	`sequence` integer NOT NULL,
	`last_value` text,
	`last_evaluated_at_ms` integer,
	`last_fired_at_ms` integer,
	`last_rearmed_at_ms` integer
);
--> statement-breakpoint
CREATE INDEX `alert_rules_subscription` ON `alert_rules` (`subscription_id`);--> statement-breakpoint
CREATE TABLE `alert_subscriptions` (
	`id` text PRIMARY KEY NOT NULL,
	`key_id` text NOT NULL,
	`endpoint_id` text NOT NULL,
	`label` text,
	`addresses` text NOT NULL,
	`protocols` text,
	`status` text NOT NULL,
	`next_eval_at_ms` integer NOT NULL,
	`last_evaluated_at_ms` integer,
	`created_at_ms` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `alert_subscriptions_due` ON `alert_subscriptions` (`status`,`next_eval_at_ms`);--> statement-breakpoint
CREATE INDEX `alert_subscriptions_key` ON `alert_subscriptions` (`key_id`);--> statement-breakpoint
CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`owner` text NOT NULL,
	`key_hash` text NOT NULL,
	`prefix` text NOT NULL,
	`label` text,
	`chain_id` integer NOT NULL,
	`created_at_ms` integer NOT NULL,
	`last_used_at_ms` integer,
	`revoked_at_ms` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_key_hash_unique` ON `api_keys` (`key_hash`);--> statement-breakpoint
CREATE INDEX `api_keys_owner` ON `api_keys` (`owner`);--> statement-breakpoint
CREATE TABLE `price_history` (
	`underlying` text NOT NULL,
	`minute_ms` integer NOT NULL,
	`price` text NOT NULL,
	PRIMARY KEY(`underlying`, `minute_ms`)
);
--> statement-breakpoint
CREATE TABLE `rate_limit_windows` (
	`bucket` text NOT NULL,
	`window_start_ms` integer NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`bucket`, `window_start_ms`)
);
--> statement-breakpoint
CREATE TABLE `siwe_nonces` (
	`nonce` text PRIMARY KEY NOT NULL,
	`issued_at_ms` integer NOT NULL,
	`expires_at_ms` integer NOT NULL,
	`used_at_ms` integer
);
--> statement-breakpoint
CREATE TABLE `webhook_endpoints` (
	`id` text PRIMARY KEY NOT NULL,
	`key_id` text NOT NULL,
	`url` text NOT NULL,
	`description` text,
	`secret` text NOT NULL,
	`previous_secret` text,
	`previous_secret_expires_at_ms` integer,
	`status` text NOT NULL,
	`disabled_reason` text,
	`created_at_ms` integer NOT NULL,
	`updated_at_ms` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `webhook_endpoints_key` ON `webhook_endpoints` (`key_id`);