import pino from "pino";

/** `destination`: where the JSON lines go (default stdout); tests pass a stream to read them. */
export function createLogger(level: string, destination?: pino.DestinationStream) {
  const options = { level, base: { service: "spendline-api" }, redact: ["req.headers.authorization"] };
  return destination ? pino(options, destination) : pino(options);
}
