// Public surface of core/barcode: each module of this area is re-exported here.
export {};
