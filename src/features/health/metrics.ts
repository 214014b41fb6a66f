import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../../db/database.ts';

/**
 * /metrics in Prometheus's text format (version 0.0.4): request durations by route, statement
 * durations, the event loop's delay (a process saturated with work shows here first), memory,
 * and, read when scraped, the outbox's backlog and the reports by state.
 *
 * Closed by default: it answers a scraper that sends ZVIT_METRICS_TOKEN as a bearer token, or,
 * with no token set, a request made on this machine directly (from a loopback address, with no
 * proxy's forwarding headers). Anyone else gets the same 404 as for an unknown address.
 */

const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

class Histogram {
  private readonly series = new Map<string, { counts: number[]; sum: number; count: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  observe(labels: string, seconds: number): void {
    let s = this.series.get(labels);
    if (!s) this.series.set(labels, (s = { counts: BUCKETS.map(() => 0), sum: 0, count: 0 }));
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]!) s.counts[i]!++;
    s.sum += seconds;
    s.count++;
  }

  render(out: string[]): void {
    out.push(`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`);
    for (const [labels, s] of this.series) {
      const sep = labels ? `${labels},` : '';
      BUCKETS.forEach((b, i) => out.push(`${this.name}_bucket{${sep}le="${b}"} ${s.counts[i]}`));
      out.push(`${this.name}_bucket{${sep}le="+Inf"} ${s.count}`);
      out.push(`${this.name}_sum${labels ? `{${labels}}` : ''} ${s.sum.toFixed(6)}`);
      out.push(`${this.name}_count${labels ? `{${labels}}` : ''} ${s.count}`);
    }
  }
}

const label = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

/** Whether a request may read the metrics (see above). */
export function mayReadMetrics(request: FastifyRequest, token: string | null): boolean {
  if (token) {
    const sent = request.headers.authorization;
    return typeof sent === 'string' && sent === `Bearer ${token}`;
  }
  const forwarded = request.headers['x-forwarded-for'] !== undefined || request.headers.forwarded !== undefined || request.headers['x-real-ip'] !== undefined;
  return !forwarded && isLoopback(request.socket.remoteAddress);
}

export function registerMetrics(app: FastifyInstance, database: DatabaseHandle, token: string | null): void {
  const requests = new Histogram('zvit_http_request_duration_seconds', 'Time to answer a request, by route pattern, method and status class.');
  const statements = new Histogram('zvit_db_statement_duration_seconds', 'Time a database statement took, by kind (select, insert, update, delete, other).');
  let failedStatements = 0;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const stopObserving = database.observe((text, ms, failed) => {
    const kind = /^\s*(select|insert|update|delete|with)/i.exec(text)?.[1]?.toLowerCase() ?? 'other';
    statements.observe(`kind="${kind === 'with' ? 'select' : kind}"`, ms / 1000);
    if (failed) failedStatements++;
  });
  app.addHook('onClose', async () => {
    stopObserving();
    loop.disable();
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    if (route === '/metrics') return;
    requests.observe(`route="${label(route)}",method="${request.method}",status="${Math.floor(reply.statusCode / 100)}xx"`, reply.elapsedTime / 1000);
  });

  app.get('/metrics', { config: { permission: 'public' }, schema: { hide: true }, compress: false }, async (request, reply) => {
    if (!mayReadMetrics(request, token)) return reply.callNotFound();
    const out: string[] = [];
    requests.render(out);
    statements.render(out);
    out.push('# HELP zvit_db_statements_failed_total Statements that failed.', '# TYPE zvit_db_statements_failed_total counter', `zvit_db_statements_failed_total ${failedStatements}`);
    const [outbox, reports] = await Promise.all([
      database.db.selectFrom('outbox').select(['state', sql<number>`count(*)`.as('n')]).groupBy('state').execute(),
      database.db.selectFrom('reports').select(['state', sql<number>`count(*)`.as('n')]).groupBy('state').execute(),
    ]);
    out.push('# HELP zvit_outbox_messages Messages in the outbox, by state (pending and sending are the backlog).', '# TYPE zvit_outbox_messages gauge');
    for (const r of outbox) out.push(`zvit_outbox_messages{state="${label(r.state)}"} ${Number(r.n)}`);
    out.push('# HELP zvit_reports Reports, by state.', '# TYPE zvit_reports gauge');
    for (const r of reports) out.push(`zvit_reports{state="${label(r.state)}"} ${Number(r.n)}`);
    const memory = process.memoryUsage();
    out.push(
      '# HELP zvit_event_loop_delay_seconds Delay of the event loop since start (high: the process is saturated).',
      '# TYPE zvit_event_loop_delay_seconds gauge',
      `zvit_event_loop_delay_seconds{quantile="0.5"} ${(loop.percentile(50) / 1e9).toFixed(6)}`,
      `zvit_event_loop_delay_seconds{quantile="0.99"} ${(loop.percentile(99) / 1e9).toFixed(6)}`,
      `zvit_event_loop_delay_seconds{quantile="1"} ${(loop.max / 1e9).toFixed(6)}`,
      '# HELP zvit_process_resident_memory_bytes Resident memory of this process.',
      '# TYPE zvit_process_resident_memory_bytes gauge',
      `zvit_process_resident_memory_bytes ${memory.rss}`,
      '# HELP zvit_process_heap_used_bytes JavaScript heap in use.',
      '# TYPE zvit_process_heap_used_bytes gauge',
      `zvit_process_heap_used_bytes ${memory.heapUsed}`,
      '# HELP zvit_process_uptime_seconds Seconds since this process started.',
      '# TYPE zvit_process_uptime_seconds gauge',
      `zvit_process_uptime_seconds ${process.uptime().toFixed(0)}`,
    );
    reply.header('content-type', 'text/plain; version=0.0.4; charset=utf-8');
    reply.header('cache-control', 'no-store');
    return reply.send(`${out.join('\n')}\n`);
  });
}
