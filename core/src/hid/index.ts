// Public surface of core/hid: each module of this area is re-exported here.
export {};
