/** Stacked, optionally bidirectional recurrent networks: parameter layout in PyTorch state_dict order, the streaming step, and backpropagation through time over minibatches. */
package dev.nowcast.model.network;
