"""The front ends that ship with the service: static files only (HTML, CSS, JavaScript modules
and the GraphQL documents they run), served by app.main; no build step, no CDN."""
