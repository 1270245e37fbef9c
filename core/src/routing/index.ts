// Public surface of core/routing: each module of this area is re-exported here.
export {};
