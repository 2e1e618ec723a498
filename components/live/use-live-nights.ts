"use client";

import { useEffect, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";

import type {
  ClientToServerEvents,
  LiveSnapshot,
  ServerToClientEvents,
  SessionCompleteEvent,
} from "@/lib/realtime/events";
import { initialLiveNights, reduceLiveNights, type LiveAction, type LiveNightsState } from "@/lib/view/live-nights";

export type ConnectionState =
  | { status: "connecting" }
  | { status: "connected" }
  | { status: "reconnecting" }
  | { status: "refused"; reason: string };

export interface LiveNightHandlers {
  /** A night's report was stored (the event came while connected). */
  onComplete: (event: SessionCompleteEvent) => void;
  /** Nights that ended while the socket was away (absent from a reconnect snapshot). */
  onEndedWhileAway: (sessionIds: string[]) => void;
}

/**
 * Follows one user's live nights over socket.io (same origin; the httpOnly
 * cookie authenticates; the server picks the room). Starts from the nights the
 * page was rendered with; every event goes through reduceLiveNights, which keeps
 * per night the state with the highest version.
 */
export function useLiveNights(
  userId: string,
  initial: LiveSnapshot["sessions"],
  handlers: LiveNightHandlers,
): { state: LiveNightsState; connection: ConnectionState } {
  const [state, setState] = useState(() => initialLiveNights(initial));
  const [connection, setConnection] = useState<ConnectionState>({ status: "connecting" });
  const stateRef = useRef(state);
  const handlersRef = useRef(handlers);
  useEffect(() => {
    handlersRef.current = handlers;
  });

  useEffect(() => {
    const apply = (action: LiveAction): LiveNightsState => {
      const prev = stateRef.current;
      const next = reduceLiveNights(prev, action);
      if (next !== prev) {
        stateRef.current = next;
        setState(next);
      }
      return prev;
    };
    // WebSocket only: one long-lived connection needs no sticky sessions behind a load balancer.
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({ auth: { watch: userId }, transports: ["websocket"] });
    socket.on("connect", () => {
      apply({ type: "connected" });
      setConnection({ status: "connected" });
    });
    socket.on("disconnect", (reason) => {
      if (reason !== "io client disconnect") setConnection({ status: "reconnecting" });
      // A server that closes the socket on purpose (shutting down) expects the client to come back elsewhere.
      if (reason === "io server disconnect") socket.connect();
    });
    socket.on("connect_error", (err) => {
      setConnection(socket.active ? { status: "reconnecting" } : { status: "refused", reason: err.message });
    });
    socket.on("sleep:snapshot", (snapshot) => {
      const before = apply({ type: "snapshot", snapshot });
      const ended = Object.keys(before.nights).filter((id) => !stateRef.current.nights[id]);
      if (ended.length > 0) handlersRef.current.onEndedWhileAway(ended);
    });
    socket.on("sleep:inference", (event) => {
      apply({ type: "inference", event });
    });
    socket.on("sleep:session_complete", (event) => {
      apply({ type: "complete", event });
      handlersRef.current.onComplete(event);
    });
    // When the browser says the network is gone, stop trusting the socket; when it
    // returns, reconnect at once: the server then sends a fresh snapshot, so
    // chunks stored meanwhile appear without waiting for a heartbeat timeout.
    const offline = () => {
      socket.disconnect();
      setConnection({ status: "reconnecting" });
    };
    const online = () => {
      if (!socket.connected) socket.connect();
    };
    window.addEventListener("offline", offline);
    window.addEventListener("online", online);
    return () => {
      window.removeEventListener("offline", offline);
      window.removeEventListener("online", online);
      socket.close();
    };
  }, [userId]);

  return { state, connection };
}
