// The baseline of `npm run bench -- --http`: Fastify with one route and nothing else, in its own
// process, started the same way as Zvit's. A page's cost is told as a multiple of this route's.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', async () => ({ status: 'ok' }));
const address = await app.listen({ port: 0, host: '127.0.0.1' });
console.log(`bare: ${address}`);
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
