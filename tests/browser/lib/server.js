// A tiny static file server for the built site, on 127.0.0.1 and a random port.
// Every response carries the Content-Security-Policy below, so an inline script,
// inline style or inline event handler in the theme shows up as a CSP violation
// in the browser. A miss is answered with the site's 404.html (status 404), and a
// folder asked for without its trailing slash is redirected, as a web server does. With a
// `prefix` (`/utviklingsplan/`) the folder is served under that path only, as a site whose
// base_url has a path is published; anything outside it is a plain 404.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

// The policy the project's README recommends for a web server: nothing inline, and
// WebAssembly (Pagefind, on the search page) the only thing allowed beyond 'self'.
export const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
  '.pdf': 'application/pdf',
};

function headers(type, length) {
  return {
    'Content-Type': type,
    'Content-Length': length,
    'Content-Security-Policy': CSP,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  };
}

async function isFile(p) {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

/** Starts serving `root` (under `prefix`); resolves to { url, close() }. */
export async function serve(root, { prefix = '/' } = {}) {
  root = path.resolve(root);
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://127.0.0.1');
      let rel;
      try {
        rel = decodeURIComponent(url.pathname);
      } catch {
        rel = '/\0';
      }
      if (!rel.startsWith(prefix)) {
        const body = Buffer.from('Not found (outside the site\'s path)\n');
        res.writeHead(404, headers('text/plain; charset=utf-8', body.length));
        res.end(req.method === 'HEAD' ? undefined : body);
        return;
      }
      rel = rel.slice(prefix.length - 1);
      const file = path.join(root, path.normalize(rel));
      const inside = file === root || file.startsWith(root + path.sep);
      let target = null;
      if (inside && !rel.includes('\0')) {
        if (rel.endsWith('/')) {
          if (await isFile(path.join(file, 'index.html'))) target = path.join(file, 'index.html');
        } else if (await isFile(file)) {
          target = file;
        } else if (await isFile(path.join(file, 'index.html'))) {
          res.writeHead(301, { ...headers('text/plain', 0), Location: url.pathname + '/' + url.search });
          res.end();
          return;
        }
      }
      let status = 200;
      if (!target) {
        status = 404;
        target = path.join(root, '404.html');
        if (!(await isFile(target))) {
          const body = Buffer.from('Not found\n');
          res.writeHead(404, headers('text/plain; charset=utf-8', body.length));
          res.end(req.method === 'HEAD' ? undefined : body);
          return;
        }
      }
      const body = await readFile(target);
      const type = TYPES[path.extname(target).toLowerCase()] || 'application/octet-stream';
      res.writeHead(status, headers(type, body.length));
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (err) {
      const body = Buffer.from(`Server error: ${err.message}\n`);
      res.writeHead(500, headers('text/plain; charset=utf-8', body.length));
      res.end(body);
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
