package coach.eco.learners.time;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Vietnam's working days: Monday to Friday, less the public holidays and days off the government
 * announces each year, plus the weekend days it makes working days in exchange. The dates are data
 * ({@code /calendar/vietnam-days-off.txt}), updated by the centre each year: the lunar holidays (Tết,
 * Hùng Kings' day) and the days bridged or exchanged move every year and are decided by the government,
 * which no calendar arithmetic can know. A year the file does not list counts weekends only.
 */
public final class WorkingDays {
    private static final String RESOURCE = "/calendar/vietnam-days-off.txt";

    private final Set<LocalDate> daysOff;
    private final Set<LocalDate> weekendsWorked;
    /** The years entered from the government's announcement; the others listed are provisional. */
    private final TreeSet<Integer> announcedYears;
    private final TreeSet<Integer> listedYears;

    WorkingDays(Set<LocalDate> daysOff, Set<LocalDate> weekendsWorked, Set<Integer> announcedYears,
                Set<Integer> listedYears) {
        this.daysOff = Set.copyOf(daysOff);
        this.weekendsWorked = Set.copyOf(weekendsWorked);
        this.announcedYears = new TreeSet<>(announcedYears);
        this.listedYears = new TreeSet<>(listedYears);
    }

    /** The calendar the centre keeps, read from the classpath. */
    public static WorkingDays vietnam() {
        try (InputStream in = WorkingDays.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing " + RESOURCE);
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The calendar these lines describe (the file's format); a malformed line is thrown, naming its number. */
    static WorkingDays parse(List<String> lines) {
        Set<LocalDate> off = new HashSet<>();
        Set<LocalDate> worked = new HashSet<>();
        Set<Integer> announced = new HashSet<>();
        Set<Integer> listed = new HashSet<>();
        for (int number = 1; number <= lines.size(); number++) {
            String line = lines.get(number - 1).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\\s+", 4);
            try {
                if (fields[0].equals("year")) {
                    int year = Integer.parseInt(fields[1]);
                    listed.add(year);
                    if (fields[2].equals("announced")) {
                        announced.add(year);
                    } else if (!fields[2].equals("provisional")) {
                        throw new IllegalArgumentException("a year is announced or provisional");
                    }
                    continue;
                }
                LocalDate date = LocalDate.parse(fields[0]);
                if (!listed.contains(date.getYear())) {
                    throw new IllegalArgumentException("a date comes after its year's line");
                }
                switch (fields[1]) {
                    case "off" -> off.add(date);
                    case "work" -> {
                        if (!isWeekend(date)) {
                            throw new IllegalArgumentException("only a weekend day can be made a working day");
                        }
                        worked.add(date);
                    }
                    default -> throw new IllegalArgumentException("a date is off or work");
                }
            } catch (RuntimeException e) {
                throw new IllegalStateException(RESOURCE + " line " + number + ": " + e.getMessage(), e);
            }
        }
        return new WorkingDays(off, worked, announced, listed);
    }

    public boolean isWorkingDay(LocalDate date) {
        return weekendsWorked.contains(date) || !(isWeekend(date) || daysOff.contains(date));
    }

    /** The {@code count}th working day after {@code date} (the day itself not counted). */
    public LocalDate after(LocalDate date, int count) {
        LocalDate day = date;
        for (int left = count; left > 0; ) {
            day = day.plusDays(1);
            if (isWorkingDay(day)) {
                left--;
            }
        }
        return day;
    }

    /**
     * The end, in Vietnam, of the {@code count}th working day after the day of {@code from}: a request
     * received on Friday evening with 2 working days has until the end of Tuesday.
     */
    public Instant endOfWorkingDayAfter(Instant from, int count) {
        return after(VietnamTime.dateOf(from), count).plusDays(1).atStartOfDay(VietnamTime.ZONE).toInstant();
    }

    /**
     * Whole working days from the day of {@code now} to the day of {@code due}, that day counted and
     * today not: 0 when due today, negative when past.
     */
    public long workingDaysLeft(Instant now, Instant due) {
        LocalDate today = VietnamTime.dateOf(now);
        // A deadline at midnight ends the day before it.
        LocalDate last = VietnamTime.dateOf(due.minusNanos(1));
        long count = 0;
        if (last.isBefore(today)) {
            for (LocalDate day = last; day.isBefore(today); day = day.plusDays(1)) {
                if (isWorkingDay(day)) {
                    count--;
                }
            }
            return count;
        }
        for (LocalDate day = today.plusDays(1); !day.isAfter(last); day = day.plusDays(1)) {
            if (isWorkingDay(day)) {
                count++;
            }
        }
        return count;
    }

    /** The last day of the last year entered from an announcement; after it, deadlines are provisional. */
    public LocalDate announcedUntil() {
        return announcedYears.isEmpty() ? LocalDate.MIN : LocalDate.of(announcedYears.last(), 12, 31);
    }

    /** The years the file lists, announced or provisional. */
    public Set<Integer> listedYears() {
        return Set.copyOf(listedYears);
    }

    /** The days off the file lists for a year (weekends not included). */
    public Set<LocalDate> daysOffIn(int year) {
        Set<LocalDate> inYear = new TreeSet<>();
        daysOff.stream().filter(day -> day.getYear() == year).forEach(inYear::add);
        return inYear;
    }

    private static boolean isWeekend(LocalDate date) {
        return date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY;
    }
}
