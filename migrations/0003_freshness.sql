ALTER TABLE `alert_subscriptions` ADD `data_unavailable_since_ms` integer;--> statement-breakpoint
ALTER TABLE `alert_subscriptions` ADD `data_unavailable_reason` text;--> statement-breakpoint
ALTER TABLE `source_reads` ADD `inputs` text;