// In-memory storage adapter for oidc-provider (one Map per model), replacing its default LRU
// adapter so the admin API can list a user's sessions and grants. Nothing here outlives the process.
const stores = new Map(); // model name -> Map(id -> { payload, expiresAt (ms) })
const storeFor = (model) => {
  if (!stores.has(model)) stores.set(model, new Map());
  return stores.get(model);
};
const isLive = (entry) => entry.expiresAt > Date.now();

// [id, payload] of every unexpired record of a model, e.g. liveEntries('Session').
export function liveEntries(model) {
  return [...storeFor(model)].filter(([, e]) => isLive(e)).map(([id, e]) => [id, e.payload]);
}

export class MapAdapter {
  constructor(model) {
    this.store = storeFor(model);
  }

  async upsert(id, payload, expiresIn) {
    // Registered clients come without expiresIn: they live as long as the process.
    const expiresAt = expiresIn ? Date.now() + expiresIn * 1000 : Infinity;
    this.store.set(id, { payload: structuredClone(payload), expiresAt });
  }

  // Copies out, like a real database would: callers can't mutate what is stored.
  async find(id) {
    const entry = this.store.get(id);
    if (!entry) return undefined;
    if (!isLive(entry)) {
      this.store.delete(id);
      return undefined;
    }
    return structuredClone(entry.payload);
  }

  async findBy(field, value) {
    const hit = [...this.store].find(([, e]) => isLive(e) && e.payload[field] === value);
    return hit && structuredClone(hit[1].payload);
  }

  async findByUid(uid) { return this.findBy('uid', uid); }

  async findByUserCode(userCode) { return this.findBy('userCode', userCode); }

  // Marks a single-use artefact (code, rotated refresh token) as used; oidc-provider keeps
  // consumed records around so it can detect and punish their reuse.
  async consume(id) {
    const entry = this.store.get(id);
    if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id) {
    this.store.delete(id);
  }

  async revokeByGrantId(grantId) {
    for (const [id, e] of this.store) if (e.payload.grantId === grantId) this.store.delete(id);
  }
}
