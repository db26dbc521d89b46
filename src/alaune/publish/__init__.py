"""The renderers of an edition: HTML pages (``html``, one template set for the site, the static
export and the CLI's file), plain text and JSON (``text``), Atom / RSS / JSON Feed (``feeds``).
They read ``alaune.records`` only: never the store, never the web app."""
