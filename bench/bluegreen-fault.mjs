// Preloaded (NODE_OPTIONS=--import) into test-only api images to give them a real, observable fault;
// the service's own code is untouched. FAULT_MODE=never-ready: GET /health/ready always answers 503
// (liveness stays fine, so the container is healthy but the direct smoke fails). FAULT_MODE=overloaded:
// /health/ready answers 503 whenever another readiness request is in flight: a bug only concurrent
// traffic shows (a sequential smoke passes; the verification burst through the proxy does not).
import http from "node:http";

const mode = process.env.FAULT_MODE;
const emit = http.Server.prototype.emit;
let inFlight = 0;

function refuse(res) {
  res.writeHead(503, { "content-type": "application/json" });
  res.end('{"status":"not_ready","fault":"' + mode + '"}');
  return true;
}

http.Server.prototype.emit = function (event, req, res, ...rest) {
  if (event !== "request" || !req.url?.startsWith("/health/ready")) return emit.call(this, event, req, res, ...rest);
  if (mode === "never-ready") return refuse(res);
  inFlight++;
  res.on("close", () => inFlight--);
  if (mode === "overloaded" && inFlight > 1) return refuse(res);
  return emit.call(this, event, req, res, ...rest);
};
