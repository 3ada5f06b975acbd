/** Reading the long CSV format key,timestamp,value[,covariates...] as a stream of rows or grouped into series. */
package dev.nowcast.model.data;
