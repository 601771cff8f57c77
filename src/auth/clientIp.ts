/**
 * The caller's IP as Cloudflare's edge reports it (`cf-connecting-ip`, set by the edge, not by the
 * client), or `unknown` where there is no edge (local development, tests).
 */
export function clientIp(request: Request): string {
  return request.headers.get('cf-connecting-ip')?.trim() || 'unknown'
}
