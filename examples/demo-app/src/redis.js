// A health probe for Redis. One PING needs no client library: RESP is plain text over TCP, and
// a dependency here would have to be bundled into every image for a single round-trip.
import net from 'node:net';

/** RESP array of bulk strings: `*2\r\n$4\r\nAUTH\r\n$6\r\nsecret\r\n`. */
const command = (...words) => `*${words.length}\r\n${words.map((w) => `$${Buffer.byteLength(w)}\r\n${w}\r\n`).join('')}`;

/** The bytes to send for `redis://[user[:password]@]host[:port]`: AUTH when a password is given, then PING. */
export function pingRequest(redisUrl) {
  const url = new URL(redisUrl);
  const password = decodeURIComponent(url.password);
  const user = decodeURIComponent(url.username);
  const auth = password ? (user ? command('AUTH', user, password) : command('AUTH', password)) : '';
  return { host: url.hostname || '127.0.0.1', port: Number(url.port || 6379), payload: auth + command('PING'), replies: auth ? 2 : 1 };
}

/** Resolves on `+PONG`, rejects on anything else, a closed port, or no answer within `timeoutMs`. */
export function pingRedis(redisUrl, timeoutMs = 1000) {
  const { host, port, payload, replies } = pingRequest(redisUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    let answer = '';
    const fail = (message) => {
      socket.destroy();
      reject(new Error(message));
    };
    socket.setTimeout(timeoutMs, () => fail(`no answer from redis within ${timeoutMs} ms`));
    socket.on('error', (error) => fail(error.message));
    socket.on('connect', () => socket.write(payload));
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      const lines = answer.split('\r\n').slice(0, -1);
      if (lines.some((line) => line.startsWith('-'))) return fail(`redis answered ${lines.find((l) => l.startsWith('-'))}`);
      if (lines.length < replies) return;
      socket.destroy();
      if (lines[replies - 1] === '+PONG') resolve();
      else reject(new Error(`redis answered ${lines[replies - 1]} instead of +PONG`));
    });
    socket.on('end', () => fail('redis closed the connection'));
  });
}
