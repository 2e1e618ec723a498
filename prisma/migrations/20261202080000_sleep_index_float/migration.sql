-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_SleepReport" (
    "sessionId" TEXT NOT NULL PRIMARY KEY,
    "sleepTime" TEXT,
    "wakeTime" TEXT,
    "sleepLatency" INTEGER,
    "wakeupLatency" INTEGER,
    "timeInBed" INTEGER,
    "timeInSleepPeriod" INTEGER,
    "timeInSleep" INTEGER,
    "timeInWake" INTEGER,
    "timeInLight" INTEGER,
    "timeInDeep" INTEGER,
    "timeInRem" INTEGER,
    "timeInSnoring" INTEGER,
    "timeInNoSnoring" INTEGER,
    "longestWaso" INTEGER,
    "sleepEfficiency" REAL,
    "sleepEfficiencyUnit" TEXT,
    "wasoCount" INTEGER,
    "sleepCycleCount" INTEGER,
    "snoringCount" INTEGER,
    "sleepIndex" REAL,
    "missingDataRatio" REAL,
    "statJson" TEXT NOT NULL,
    "peculiarities" TEXT NOT NULL,
    "sleepCycles" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SleepReport_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "SleepSession" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_SleepReport" ("longestWaso", "missingDataRatio", "peculiarities", "receivedAt", "sessionId", "sleepCycleCount", "sleepCycles", "sleepEfficiency", "sleepEfficiencyUnit", "sleepIndex", "sleepLatency", "sleepTime", "snoringCount", "statJson", "timeInBed", "timeInDeep", "timeInLight", "timeInNoSnoring", "timeInRem", "timeInSleep", "timeInSleepPeriod", "timeInSnoring", "timeInWake", "wakeTime", "wakeupLatency", "wasoCount") SELECT "longestWaso", "missingDataRatio", "peculiarities", "receivedAt", "sessionId", "sleepCycleCount", "sleepCycles", "sleepEfficiency", "sleepEfficiencyUnit", "sleepIndex", "sleepLatency", "sleepTime", "snoringCount", "statJson", "timeInBed", "timeInDeep", "timeInLight", "timeInNoSnoring", "timeInRem", "timeInSleep", "timeInSleepPeriod", "timeInSnoring", "timeInWake", "wakeTime", "wakeupLatency", "wasoCount" FROM "SleepReport";
DROP TABLE "SleepReport";
ALTER TABLE "new_SleepReport" RENAME TO "SleepReport";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

