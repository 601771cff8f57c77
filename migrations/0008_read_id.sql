-- Each successful read gets a new random id: an isolate holding that read's snapshots parsed serves them without reading their payloads.
ALTER TABLE `source_reads` ADD `read_id` text;
