// The HTTP agent dockerode talks through to an ssh:// engine. docker-modem's own ssh transport opens a
// new ssh connection and starts a new `docker system dial-stdio` on the host for every API call (1.5–4 s
// each on a busy host, and a deploy makes dozens); this one keeps one ssh connection per engine and
// keeps each dial-stdio stream open for the next request (HTTP keep-alive), as the docker CLI does.
import http from 'node:http';
import { createRequire } from 'node:module';
import type { Duplex } from 'node:stream';
import type { Client, ConnectConfig } from 'ssh2';

// ssh2 is loaded at the first ssh connection, not at start-up (~100 ms most commands never need; external to the bundle)
const require = createRequire(import.meta.url);

export const DIAL_STDIO = 'docker system dial-stdio';
// sshd's MaxSessions (default 10) caps the channels of one connection: stay under it, queue the rest.
export const MAX_STREAMS = 8;

export class SshTransport extends http.Agent {
  private connecting: Promise<Client> | null = null;
  private open = 0; // channels open or opening
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly config: ConnectConfig) {
    super({ keepAlive: true, maxSockets: MAX_STREAMS });
  }

  /**
   * One dial-stdio stream per HTTP connection, on the shared ssh connection (made on first use, again after
   * it closed). At most MAX_STREAMS at once: http.Agent counts a connection only once it exists, so
   * concurrent requests would open more channels than sshd allows; the rest wait for one to close.
   */
  override createConnection(_options: unknown, callback: (err: Error | null, stream?: Duplex) => void): undefined {
    const open = () => {
      this.open += 1;
      this.client().then(
        (client) =>
          client.exec(DIAL_STDIO, (err, stream) => {
            if (err) return this.failed(err, callback);
            // http.Agent treats its connections as sockets; a channel has none of these knobs, and needs none
            Object.assign(stream, { setKeepAlive: () => stream, setNoDelay: () => stream, setTimeout: () => stream, ref: () => stream, unref: () => stream });
            stream.once('close', () => this.release());
            callback(null, stream);
          }),
        (err: Error) => this.failed(err, callback),
      );
    };
    if (this.open < MAX_STREAMS) open();
    else this.waiting.push(open);
    return undefined;
  }

  /** An idle stream is closed rather than kept while a request waits for a channel (it would never be freed). */
  override keepSocketAlive(socket: Duplex): boolean {
    if (this.waiting.length > 0) return false;
    super.keepSocketAlive(socket as never);
    return true;
  }

  private failed(err: Error, callback: (err: Error) => void): void {
    this.release();
    callback(err);
  }

  private release(): void {
    this.open -= 1;
    this.waiting.shift()?.();
  }

  private client(): Promise<Client> {
    this.connecting ??= new Promise<Client>((resolve, reject) => {
      const { Client: SshClient } = require('ssh2') as typeof import('ssh2');
      const client = new SshClient();
      const forget = () => {
        this.connecting = null;
      };
      client.once('ready', () => resolve(client));
      client.on('error', (err) => {
        forget();
        reject(err); // before ready: the request fails with ssh2's error (its level says why); after: ignored here
      });
      client.once('close', forget);
      client.connect(this.config);
    });
    return this.connecting;
  }

  override destroy(): void {
    super.destroy();
    void this.connecting?.then((client) => client.end(), () => undefined);
    this.connecting = null;
  }
}
