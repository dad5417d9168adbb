package main

// tableEnv names the table variable for every program of the folder.
const tableEnv = "TABLE"
