// Single-node replica set: change streams and retryable writes need a replica set.
try { rs.status(); } catch (e) { rs.initiate({ _id: "rs0", members: [{ _id: 0, host: "mongodb:27017" }] }); }
