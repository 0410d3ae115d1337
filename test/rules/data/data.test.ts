import { runCases } from "../../analysis/shell/cases.js";
import { dataCases } from "./cases.js";

for (const t of dataCases) runCases(t);
