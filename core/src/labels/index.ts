// Public surface of core/labels: each module of this area is re-exported here.
export {};
