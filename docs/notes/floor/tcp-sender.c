// Sender for the floor receivers: N loopback TCP streams to 127.0.0.1:PORT, one 200-byte write per
// stream every ITL ms for TOK rounds, pinned to core 1 (the receiver takes core 0).
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sched.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
int main(int argc,char**argv){int port=atoi(argv[1]),n=argc>2?atoi(argv[2]):100,tok=argc>3?atoi(argv[3]):200,itl=argc>4?atoi(argv[4]):20;
 cpu_set_t s;CPU_ZERO(&s);CPU_SET(1,&s);sched_setaffinity(0,sizeof s,&s);
 struct sockaddr_in a={0};a.sin_family=AF_INET;a.sin_addr.s_addr=htonl(0x7f000001);a.sin_port=htons(port);
 int fd[4096];for(int i=0;i<n;i++){fd[i]=socket(AF_INET,SOCK_STREAM,0);if(connect(fd[i],(void*)&a,sizeof a))return 1;int one=1;setsockopt(fd[i],IPPROTO_TCP,TCP_NODELAY,&one,4);}
 char msg[200];memset(msg,'x',sizeof msg);usleep(500000);
 for(int t=0;t<tok;t++){usleep(itl*1000);for(int i=0;i<n;i++)write(fd[i],msg,sizeof msg);}
 for(int i=0;i<n;i++)close(fd[i]);return 0;}
