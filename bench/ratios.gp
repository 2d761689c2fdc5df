# SPDX-License-Identifier: GPL-2.0
#
# The ratios of `make bench` against their targets, as a PNG:
#   gnuplot -e "datafile='ratios.dat'; outfile='ratios.png'" bench/ratios.gp
# datafile: "label" value target, one ratio a line (bench/report.awk). The
# labels name the placement ("1 vCPU": supervisor and tracee on vCPU 0;
# "2-CPU": supervisor on vCPU 0, tracee on vCPU 1) and, for the round
# trips, the best module variant ("-spin": spin_us set).
set terminal pngcairo size 1400,750 noenhanced font "sans,10"
set output outfile
set title "ptrap: measured ratio vs target, per placement (lower is better; at or under the target = met)"
set style data histogram
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set logscale y 10
set yrange [0.01:*]
set grid ytics
set ylabel "ratio (log scale)"
set xtics rotate by -25 left font "sans,9"
set bmargin 12
set rmargin 22
set key top left
set datafile separator "\t"
plot datafile using 2:xtic(1) title "measured" lc rgb "#3070b0", \
     '' using 3 title "target" lc rgb "#b0b0b0"
