"""Getting bytes in politely: HTTP, feeds, OPML, WARC archives, local pages. No storage here."""
