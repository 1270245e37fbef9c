// Public surface of core/allocation: each module of this area is re-exported here.
export {};
