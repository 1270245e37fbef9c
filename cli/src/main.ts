#!/usr/bin/env node
console.log("pickpack");
