import { runCases } from "../../analysis/shell/cases.js";
import { filesystemCases } from "./cases.js";

for (const t of filesystemCases) runCases(t);
