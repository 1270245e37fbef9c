/**
 * The one file that imports socket.io: an HTTP server (health, pairing) with a Socket.IO 4 server
 * on it (long-polling with upgrade, and websocket; small message limit). Everything else in the gateway sees the
 * small interfaces below, so the protocol logic is testable without sockets and the transport
 * could be swapped.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { Server, type Socket } from "socket.io";
import { PROTOCOL_LIMITS, type ErrorBody } from "@pickpack/core";

/** One connected client, as the gateway sees it. */
export interface Connection<S> {
  readonly id: string;
  readonly session: S;
  readonly remoteAddress: string;
  emit(event: string, data: unknown): void;
  join(room: string): void;
  disconnect(): void;
}

export interface ConnectionHandlers {
  /** A client event. `ack` is undefined when the client sent none. */
  onEvent(event: string, payload: unknown, ack: ((response: unknown) => void) | undefined): void;
  onDisconnect(reason: string): void;
}

/** Thrown by `authenticate` to refuse a handshake; the client gets `connect_error` with `data` = ErrorBody. */
export class HandshakeRefused extends Error {
  readonly body: ErrorBody;
  constructor(body: ErrorBody) {
    super(body.message);
    this.body = body;
  }
}

export type HttpHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface SocketServerOptions<S> {
  authenticate(auth: Readonly<Record<string, unknown>>, remoteAddress: string): Promise<S>;
  onConnection(conn: Connection<S>): ConnectionHandlers;
  /** Routes other than /socket.io/ (health, pairing). */
  http: HttpHandler;
  /** A Socket.IO adapter factory for multi-node deployments (see cluster/postgres-adapter.ts). */
  adapter?: unknown;
  maxHttpBufferSize?: number;
  /** Socket.IO connection-state recovery: an optimisation only (the feed is the source of truth). */
  connectionStateRecovery?: boolean;
}

export interface SocketHub {
  readonly port: number;
  /** Emit to every socket in a room, on every node. */
  toRoom(room: string, event: string, data: unknown): void;
  /** Disconnect every socket in a room, on every node. */
  disconnectRoom(room: string): void;
  /** Number of sockets connected to this node. */
  localConnections(): number;
  /** Stop accepting connections (the HTTP server keeps serving in-flight requests). */
  stopAccepting(): void;
  close(): Promise<void>;
}

/** Where to listen; with `tls` (PEM certificate chain and key) the server speaks HTTPS and WSS on the same port. */
export interface ListenOptions {
  readonly port: number;
  readonly host?: string;
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer };
}

export async function startSocketServer<S>(options: SocketServerOptions<S>, listen: ListenOptions): Promise<SocketHub> {
  let accepting = true;
  const serve = (req: IncomingMessage, res: ServerResponse) => {
    if (req.url?.startsWith("/socket.io/")) return; // handled by engine.io
    options.http(req, res);
  };
  const httpServer = listen.tls ? createHttpsServer({ cert: listen.tls.cert, key: listen.tls.key }, serve) : createServer(serve);
  const io = new Server(httpServer, {
    // Browsers start with long-polling and upgrade; both go through the same handshake authentication.
    transports: ["polling", "websocket"],
    serveClient: false,
    maxHttpBufferSize: options.maxHttpBufferSize ?? PROTOCOL_LIMITS.maxMessageBytes,
    // Keep-alive: a handheld that walked out of Wi-Fi range is noticed within ~45 s.
    pingInterval: 20_000,
    pingTimeout: 25_000,
    ...(options.connectionStateRecovery ? { connectionStateRecovery: { maxDisconnectionDuration: 60_000, skipMiddlewares: false } } : {}),
  });
  if (options.adapter) io.adapter(options.adapter as never);

  io.use((socket: Socket, next) => {
    if (!accepting) {
      next(refusal({ code: "UNAVAILABLE", message: "the gateway is shutting down; reconnect shortly" }));
      return;
    }
    const auth = (typeof socket.handshake.auth === "object" && socket.handshake.auth !== null ? socket.handshake.auth : {}) as Record<string, unknown>;
    options.authenticate(auth, socket.handshake.address).then(
      (session) => {
        socket.data.session = session;
        next();
      },
      (error: unknown) => next(refusal(error instanceof HandshakeRefused ? error.body : { code: "INTERNAL", message: "authentication failed" })),
    );
  });

  io.on("connection", (socket: Socket) => {
    const conn: Connection<S> = {
      id: socket.id,
      session: socket.data.session as S,
      remoteAddress: socket.handshake.address,
      emit: (event, data) => void socket.emit(event, data),
      join: (room) => void socket.join(room),
      disconnect: () => void socket.disconnect(true),
    };
    const handlers = options.onConnection(conn);
    socket.onAny((event: string, ...args: unknown[]) => {
      const last = args[args.length - 1];
      const ack = typeof last === "function" ? (last as (response: unknown) => void) : undefined;
      handlers.onEvent(event, args[0] === ack ? undefined : args[0], ack);
    });
    socket.on("disconnect", (reason: string) => handlers.onDisconnect(reason));
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(listen.port, listen.host ?? "127.0.0.1", () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;

  return {
    port,
    toRoom: (room, event, data) => void io.to(room).emit(event, data),
    disconnectRoom: (room) => io.in(room).disconnectSockets(true),
    localConnections: () => io.engine.clientsCount,
    stopAccepting: () => {
      accepting = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        // io.close() disconnects every socket, closes the adapter and the HTTP server.
        void io.close(() => resolve());
      }),
  };
}

function refusal(body: ErrorBody): Error & { data: ErrorBody } {
  const e = new Error(body.message) as Error & { data: ErrorBody };
  e.data = body;
  return e;
}
