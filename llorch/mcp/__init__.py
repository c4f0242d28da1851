"""llorch over the Model Context Protocol: `llorch mcp serve` offers a profile's tools to MCP clients.

Nothing is imported here, so that `import llorch.mcp` costs nothing; the server (and the
`mcp` SDK under it) lives in `llorch.mcp.server` and is loaded by the command that runs it.
"""
