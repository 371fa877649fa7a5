/**
 * DNS rebinding and cross-site refusal: a request whose Host header is not one of the server's own
 * host:port names, or whose Origin (when sent) is not the server's own origin, gets 403 before any
 * route runs. A page on another site can still make a browser send requests to 127.0.0.1, but it
 * cannot make them carry our Host (rebinding) and the browser adds its own Origin.
 */
import type { FastifyInstance } from 'fastify';

/** The names the server answers to; `port` is filled in once it listens (port 0 = any). */
export interface ServerAddress {
  host: string;
  port: number;
}

export function allowedHosts(address: ServerAddress): Set<string> {
  const port = String(address.port);
  const bracket = (name: string): string => (name.includes(':') ? `[${name}]` : name);
  return new Set(['127.0.0.1', 'localhost', address.host].map((n) => `${bracket(n)}:${port}`));
}

export function installGuard(app: FastifyInstance, address: ServerAddress): void {
  app.addHook('onRequest', async (request, reply) => {
    const hosts = allowedHosts(address);
    const host = request.headers.host ?? '';
    if (!hosts.has(host.toLowerCase())) {
      return reply.code(403).send({
        error: 'refused: the Host header is not this server (open the URL iodose serve printed)',
      });
    }
    const origin = request.headers.origin;
    if (origin !== undefined && !hosts.has(originHost(origin))) {
      return reply
        .code(403)
        .send({ error: 'refused: cross-site request (Origin is another site)' });
    }
    return undefined;
  });
}

function originHost(origin: string): string {
  const match = /^http:\/\/([^/]+)$/i.exec(origin);
  return match?.[1]?.toLowerCase() ?? '';
}
