// Public surface of core/carrier: each module of this area is re-exported here.
export {};
