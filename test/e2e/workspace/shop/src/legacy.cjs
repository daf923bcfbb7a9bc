// The checkout handler as an older CommonJS entry point: the module itself is the handler.
const { handler } = require("./checkout");

module.exports = handler;
