"""`llorch eval`: answer quality measured like speed — task sets, accuracy with confidence intervals,
saved runs compared item by item, and perplexity / KL divergence as llama-perplexity computes them."""
