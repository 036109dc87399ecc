import type { Request } from 'express';

/**
 * A browser asking for an address no route has gets a plain page, not the API's JSON: the same look as the
 * other pages (their stylesheet), no session needed, a way back to the start.
 */
export const NOT_FOUND_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Not found · LIMS Connector</title><link rel="stylesheet" href="/assets/app.css"></head>
<body>
<header class="site-header"><div class="brand"><a href="/">LIMS Connector</a></div></header>
<main id="main"><section class="narrow card"><h1>Not found</h1><p class="error-message">There is no page at this address.</p><p><a href="/">Go to the start page</a></p></section></main>
</body>
</html>
`;

/** A browser's page request (not the API, not a script asking for JSON). */
export const wantsPage = (req: Request): boolean =>
  req.method === 'GET' && !req.path.startsWith('/api/') && /text\/html/.test(req.get('accept') ?? '');
