"""Private llama.cpp plumbing, layered the way llama-cpp-python layers itself.

    lib      import llama_cpp once, route its log (log.py)
    model    a loaded GGUF model: vocab, tokens, pieces, metadata (freed explicitly)
    context  one llama_context with N sequences: decode, memory ops, logits, state;
             and the llama_batch that mixes tokens of several sequences
    sampler  one sampler chain per request
    build    what the installed build can do

Nothing outside `llorch.engine` imports these modules.
"""
