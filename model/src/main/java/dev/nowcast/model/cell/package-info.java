/** Recurrent cells (Elman tanh/ReLU, GRU, LSTM) with PyTorch's equations, their row-form weights and the vectorisable float kernels and activations they run on. */
package dev.nowcast.model.cell;
