/**
 * `--port N`: the fixture and the STS emulator always pick free ports, so fixed ports are plain TCP
 * forwarders on 127.0.0.1:N (PostgreSQL) and N+1 (STS) to them. TLS stays end to end (the bytes
 * pass through untouched) and the server still sees a client on 127.0.0.1, so nothing about
 * authentication changes.
 */
import net from 'node:net';

export interface PortForwarder {
  port: number;
  /** Starts forwarding accepted connections to 127.0.0.1:`targetPort`. */
  forwardTo(targetPort: number): void;
  /** Stops listening and drops every forwarded connection. */
  close(): Promise<void>;
}

/** Binds 127.0.0.1:`port` now (so a busy port is found before anything starts); connections wait for forwardTo(). */
export function bindForwarder(port: number): Promise<PortForwarder> {
  const sockets = new Set<net.Socket>();
  let target: number | undefined;
  const track = (socket: net.Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  const server = net.createServer((client) => {
    track(client);
    client.on('error', () => client.destroy());
    if (target === undefined) {
      client.destroy();
      return;
    }
    const upstream = net.connect({ host: '127.0.0.1', port: target });
    track(upstream);
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const why = error.code === 'EADDRINUSE' ? 'is already in use' : `cannot be used (${error.code ?? error.message})`;
      reject(new Error(`127.0.0.1:${port} ${why} (--port N needs N and N+1 free).`));
    });
    server.listen(port, '127.0.0.1', () => {
      resolve({
        port,
        forwardTo(targetPort) {
          target = targetPort;
        },
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
