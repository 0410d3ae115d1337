import { runCases } from "../../analysis/shell/cases.js";
import { exfiltrationCases } from "./cases.js";

for (const t of exfiltrationCases) runCases(t);
